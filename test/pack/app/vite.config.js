// React's automatic JSX runtime without @vitejs/plugin-react, which the repo does not install.
export default { oxc: { jsx: { runtime: 'automatic' } }, logLevel: 'warn' };
