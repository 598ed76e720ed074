// A React component as a user writes it: the question anchored to a button, closed on unmount.
import { useEffect, useRef } from 'react';
import { ask, createCsat, CsatConfigError, type Answer, type AskOptions } from 'csat-widget';
import { ask as askLater } from 'csat-widget/lazy';

const csat = createCsat({ endpoint: '/api/csat', locale: undefined });

export function App() {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const abort = new AbortController();
    // `?? undefined` must compile under exactOptionalPropertyTypes.
    const options: AskOptions = {
      survey: 'checkout',
      anchor: button.current ?? undefined,
      signal: abort.signal,
      onSubmit: (answer: Answer) => console.log(answer.score),
    };
    ask(options).catch((e: unknown) => {
      if (e instanceof CsatConfigError) console.warn(e.message);
    });
    void askLater({ survey: 'later', theme: { accent: undefined } });
    void csat.ask({ survey: 'instance', interaction: null });
    return () => abort.abort();
  }, []);
  return <button ref={button}>Checkout</button>;
}
