/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The shop is a React 19 app: the way a framework user adds the question. The JSX pragmas above
// switch this file from the repo's preact settings to React's automatic runtime (see
// demo/vite.config.ts); an app of your own would set that once in its config. StrictMode's
// development double mount is harmless here: the question is asked from the submit handler, not
// from an effect, and the one effect only aborts it on unmount.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
