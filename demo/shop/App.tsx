/** @jsxRuntime automatic */
/** @jsxImportSource react */
// A checkout that asks one question once the order has gone through: the call is made in the
// submit handler, after the order promise resolves. Leaving the shop aborts it: the question
// closes, and a score already chosen is still sent.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ask, type Answer } from 'csat-widget';
// This file's own text, for "How this page asks": the code shown there is the code that runs.
import source from './App.tsx?raw';

interface Item {
  sku: string;
  name: string;
  price: number;
}

const ITEMS: Item[] = [
  { sku: 'beans-ethiopia', name: 'Yirgacheffe beans, 250 g', price: 12.5 },
  { sku: 'grinder', name: 'Hand grinder', price: 39 },
  { sku: 'filters', name: 'Paper filters (100)', price: 4.25 },
];

const DELIVERY = {
  standard: { label: 'Standard (2–3 days)', price: 0 },
  express: { label: 'Express (next day)', price: 6.95 },
} as const;
type Delivery = keyof typeof DELIVERY;

/** The languages the question can be asked in; unknown ones fall back to English. */
const LANGUAGES = [
  ['en', 'English'],
  ['nl', 'Nederlands'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['ar', 'العربية'],
] as const;
type Locale = (typeof LANGUAGES)[number][0];

/** The question, about this checkout rather than the built-in "How would you rate your experience?". */
const CHECKOUT_QUESTION: Record<Locale, string> = {
  en: 'How was your checkout?',
  nl: 'Hoe verliep het afrekenen?',
  de: 'Wie war Ihr Bestellvorgang?',
  fr: 'Comment s\u2019est passée votre commande\u202f?',
  es: '¿Qué tal fue su compra?',
  ar: 'كيف كانت تجربة الشراء؟',
};

interface Order {
  id: string;
  name: string;
  total: number;
  items: number;
  delivery: Delivery;
}

/** Stands in for the shop's API: an order id (and the total in cents, rounded) after a short wait. */
function placeOrder(name: string, total: number, items: number, delivery: Delivery): Promise<Order> {
  const id = 'NW-' + String(Math.floor(100000 + Math.random() * 900000));
  const order = { id, name, total: Math.round(total * 100) / 100, items, delivery };
  return new Promise((resolve) => setTimeout(() => resolve(order), 400));
}

/** The lines between `// #region name` and `// #endregion` in `text`, without their common indent. */
function region(text: string, name: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.search(/\S/)));
  return body.map((line) => line.slice(indent)).join('\n');
}

const ASK_CODE = region(source, 'ask');

export function App() {
  const [quantities, setQuantities] = useState<Record<string, number>>({ 'beans-ethiopia': 2, grinder: 1, filters: 0 });
  const [delivery, setDelivery] = useState<Delivery>('standard');
  const [locale, setLocale] = useState<Locale>('en');
  const [name, setName] = useState('Ada Lovelace');
  const [state, setState] = useState<'cart' | 'placing' | 'placed'>('cart');
  const [order, setOrder] = useState<Order | null>(null);
  const [asked, setAsked] = useState('');
  const [rating, setRating] = useState<Answer | null | undefined>(undefined);
  const asking = useRef<AbortController | null>(null);
  const confirmation = useRef<HTMLHeadingElement>(null);
  const ids = useId();

  // Leaving the page (or this component) closes an open question; a chosen score is still sent.
  useEffect(() => () => asking.current?.abort(), []);
  useEffect(() => {
    if (state === 'placed') confirmation.current?.focus();
  }, [state]);

  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const subtotal = ITEMS.reduce((sum, item) => sum + item.price * (quantities[item.sku] ?? 0), 0);
  const count = Object.values(quantities).reduce((a, b) => a + b, 0);
  const total = subtotal + DELIVERY[delivery].price;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!count) return;
    setState('placing');
    setRating(undefined);
    // #region ask
    const placed = await placeOrder(name, total, count, delivery);
    setOrder(placed);
    setState('placed');

    const question = CHECKOUT_QUESTION[locale];
    setAsked(question);
    asking.current?.abort(); // one question at a time
    const controller = (asking.current = new AbortController());
    try {
      const answer = await ask({
        survey: 'checkout',
        interaction: placed.id,
        question,
        locale,
        endpoint: '/api/csat',
        metadata: { total: placed.total, items: placed.items, delivery },
        signal: controller.signal, // aborted when the shop unmounts (the useEffect cleanup)
      });
      setRating(answer); // null: closed without a score, or not asked
    } catch (err) {
      console.error(err); // CsatConfigError: an option is wrong
    }
    // #endregion
  }

  function reset() {
    asking.current?.abort();
    setOrder(null);
    setRating(undefined);
    setState('cart');
  }

  const header = (
    <header className="shop-header">
      <p className="brand">Northwind Coffee</p>
      <label>
        Language{' '}
        <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
          {LANGUAGES.map(([code, label]) => (
            <option key={code} value={code} lang={code}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </header>
  );

  if (state === 'placed' && order) {
    return (
      <main className="shop">
        {header}
        <section className="card confirmation" aria-labelledby={`${ids}-done`}>
          <h1 id={`${ids}-done`} ref={confirmation} tabIndex={-1}>
            Thank you, {order.name.split(' ')[0]}! Order {order.id} is placed.
          </h1>
          <p>
            {order.items} {order.items === 1 ? 'item' : 'items'}, {money.format(order.total)}, delivery:{' '}
            {DELIVERY[order.delivery].label.toLowerCase()}. A confirmation is on its way to your inbox.
          </p>
          <p className="rating" aria-live="polite" data-testid="rating">
            {rating === undefined
              ? `We asked “${asked}” The question is at the bottom of the screen.`
              : rating
                ? `You rated checkout ${rating.score} of ${rating.scale.max}. Thank you!`
                : 'No rating given.'}
          </p>
          <button type="button" onClick={reset}>
            Start a new order
          </button>
        </section>
        <HowItAsks />
      </main>
    );
  }

  return (
    <main className="shop">
      {header}
      <h1>Checkout</h1>
      <form className="checkout" onSubmit={submit} aria-busy={state === 'placing'}>
        <section className="card" aria-labelledby={`${ids}-cart`}>
          <h2 id={`${ids}-cart`}>Your cart</h2>
          <ul className="cart">
            {ITEMS.map((item) => (
              <li key={item.sku}>
                <label htmlFor={`${ids}-${item.sku}`}>{item.name}</label>
                <input
                  id={`${ids}-${item.sku}`}
                  type="number"
                  min={0}
                  max={9}
                  value={quantities[item.sku] ?? 0}
                  onChange={(e) =>
                    setQuantities({ ...quantities, [item.sku]: Math.max(0, Math.min(9, Number(e.target.value) || 0)) })
                  }
                />
                <span className="price">{money.format(item.price * (quantities[item.sku] ?? 0))}</span>
              </li>
            ))}
          </ul>
        </section>

        <section className="card" aria-labelledby={`${ids}-details`}>
          <h2 id={`${ids}-details`}>Delivery</h2>
          <label htmlFor={`${ids}-name`}>Name</label>
          <input
            id={`${ids}-name`}
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <label htmlFor={`${ids}-address`}>Address</label>
          <input id={`${ids}-address`} autoComplete="street-address" required defaultValue="12 Analytical Row" />
          <fieldset>
            <legend>Shipping</legend>
            {(Object.keys(DELIVERY) as Delivery[]).map((key) => (
              <label key={key} className="inline">
                <input
                  type="radio"
                  name="delivery"
                  value={key}
                  checked={delivery === key}
                  onChange={() => setDelivery(key)}
                />{' '}
                {DELIVERY[key].label}
                {DELIVERY[key].price ? ` · ${money.format(DELIVERY[key].price)}` : ' · free'}
              </label>
            ))}
          </fieldset>
        </section>

        <section className="card total" aria-labelledby={`${ids}-total`}>
          <h2 id={`${ids}-total`}>Total</h2>
          <p className="sum" data-testid="total">
            {money.format(total)}
          </p>
          <p className="hint">Payment is pretend: nothing is charged.</p>
          <button type="submit" className="primary" disabled={state === 'placing' || !count}>
            {state === 'placing' ? 'Placing order…' : 'Place order'}
          </button>
        </section>
      </form>
      <HowItAsks />
    </main>
  );
}

function HowItAsks() {
  return (
    <details className="card how">
      <summary>How this page asks</summary>
      <p>
        A React 19 app built by Vite. Once <code>placeOrder</code> resolves, the form&rsquo;s submit handler calls{' '}
        <code>ask</code> from <code>csat-widget</code> (this is its code, taken from <code>demo/shop/App.tsx</code>):
      </p>
      <pre tabIndex={0}>
        <code>{ASK_CODE}</code>
      </pre>
    </details>
  );
}
