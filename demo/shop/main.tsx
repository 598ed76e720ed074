/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The shop is a React 19 app: the way a framework user adds the question. The JSX pragmas above
// switch this file from the repo's preact settings to React's automatic runtime (see
// demo/vite.config.ts); an app of your own would set that once in its config.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
