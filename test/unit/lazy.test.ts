// `csat-widget/lazy`: the main entry's ask and createCsat behind one dynamic import() made on first
// use. Same questions, same answers, same errors (the very same CsatConfigError class).
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import * as main from '../../src/index';
import { ask, createCsat, CsatConfigError, explain, forget, record } from '../../src/lazy';

/** The rating point named `name` in the newest question, once the (lazily loaded) code shows it. */
const point = (name: string) =>
  waitFor(() => {
    const root = [...document.querySelectorAll('csat-widget')].pop()?.shadowRoot;
    const found = root && within(root as unknown as HTMLElement).queryByRole('radio', { name });
    if (!found) throw new Error(`no rating point "${name}" yet`);
    return found;
  });

describe('csat-widget/lazy', () => {
  it('asks as the main entry does: the question shows, the answer resolves and is submitted', async () => {
    const submitted = vi.fn();
    const answer = ask({ survey: 'lazy', onSubmit: submitted });
    fireEvent.click(await point('5 of 5, Very satisfied'));
    await expect(answer).resolves.toMatchObject({ survey: 'lazy', score: 5 });
    expect(submitted).toHaveBeenCalledWith(expect.objectContaining({ survey: 'lazy', score: 5 }));
  });

  it('rejects invalid options with the same CsatConfigError class as the main entry, and shows nothing', async () => {
    expect(CsatConfigError).toBe(main.CsatConfigError);
    const error = await ask({ survey: '', onSubmit() {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsatConfigError);
    expect((error as Error).message).toMatch(/^survey/);
    expect(document.querySelector('csat-widget')).toBeNull();
  });

  it('createCsat does not throw on invalid defaults: its first ask rejects with CsatConfigError', async () => {
    const csat = createCsat({ survey: 'x', scale: { type: 'stars', points: 99 }, onSubmit() {} });
    await expect(csat.ask({})).rejects.toBeInstanceOf(CsatConfigError);
    await expect(csat.ask({})).rejects.toThrow(/^scale/);
  });

  it('explain, record and forget load the library and do what the main entry does', async () => {
    const onSubmit = vi.fn();
    const options = { survey: 'lazy-headless', onSubmit, cooldownDays: 7 };
    await expect(explain(options)).resolves.toEqual({ show: true, reason: 'ok' });
    await expect(record({ ...options, score: 4 })).resolves.toMatchObject({ survey: 'lazy-headless', score: 4 });
    await expect(explain(options)).resolves.toMatchObject({ show: false, reason: 'cooldown' });
    await forget();
    await expect(explain(options)).resolves.toEqual({ show: true, reason: 'ok' });
    const csat = createCsat({ onSubmit, cooldownDays: 7 });
    await csat.record({ survey: 'lazy-instance', score: 2 });
    await expect(csat.explain({ survey: 'lazy-instance' })).resolves.toMatchObject({ reason: 'cooldown' });
    await csat.forget();
    await expect(csat.explain({ survey: 'lazy-instance' })).resolves.toMatchObject({ reason: 'ok' });
    await expect(explain({ survey: 'x' })).rejects.toBeInstanceOf(CsatConfigError);
  });

  it('an instance merges its defaults', async () => {
    const submitted = vi.fn();
    const csat = createCsat({ survey: 'inst', scale: 'nps', onSubmit: submitted });
    const first = csat.ask({ interaction: 'i-1' });
    fireEvent.click(await point('9 of 10'));
    await expect(first).resolves.toMatchObject({ survey: 'inst', interaction: 'i-1', score: 9 });
    await expect(csat.flush()).resolves.toBeUndefined();
    expect(submitted).toHaveBeenCalledTimes(1);
  });

  it("destroy() closes an instance's open question", async () => {
    const submitted = vi.fn();
    const other = createCsat({ survey: 'closed', onSubmit: submitted });
    const open = other.ask({});
    await point('5 of 5, Very satisfied');
    other.destroy();
    // Dismissed without a score, and nothing submitted.
    await expect(open).resolves.toBeNull();
    expect(submitted).not.toHaveBeenCalled();
  });

  it('an instance destroyed before use asks nothing', async () => {
    const csat = createCsat({ survey: 'never', onSubmit() {} });
    csat.destroy();
    await expect(csat.ask({})).resolves.toBeNull();
    expect(document.querySelector('csat-widget')).toBeNull();
  });
});
