import { Component, Fragment, h } from 'preact';
import type { ResolvedScale } from '../scales';
import { Face, Star } from './icons';

export interface ScaleProps {
  scale: ResolvedScale;
  /** Accessible name of a point, e.g. `4 of 5, Satisfied`. */
  nameOf: (score: number) => string;
  /** Visible number, formatted for the locale. */
  format: (n: number) => string;
  rtl: boolean;
  /** Id of the question, which labels the group. */
  labelledBy: string;
  /** Id of the keyboard hint, which describes the group after the end labels. */
  hintId: string;
  /** The checked point: the choice that will be recorded, or null. */
  checked: number | null;
  /** A point was checked by keyboard (arrows, Home/End): it is the pending choice. */
  onChoose: (score: number) => void;
  /** A point was clicked, or Enter/Space pressed on it: the choice is confirmed. */
  onPick: (score: number) => void;
}

interface ScaleState {
  hover: number | null;
}

/**
 * The rating points as one radio group (WAI-ARIA APG radio group,
 * https://www.w3.org/WAI/ARIA/apg/patterns/radio/): one Tab stop on the checked point, else the
 * first; arrow keys move focus and check, as native radios do, so the point announced as
 * checked is the one that will be recorded. Unlike the APG they stop at the ends instead of
 * wrapping, so holding an arrow key cannot jump from the best score to the worst. Home/End jump
 * to the ends. A click, Enter or Space confirms. Buttons with role="radio" rather than native
 * radios, because browsers fire `click` on a radio moved by arrow keys and a keyboard move must
 * not confirm.
 *
 * Components are classes, not hooks: preact/hooks would add about 1 KB gzipped to the script-tag
 * bundle for two pieces of state.
 */
export class Scale extends Component<ScaleProps, ScaleState> {
  override state: ScaleState = { hover: null };

  override render(p: ScaleProps, { hover }: ScaleState) {
    const { scale, format, checked } = p;
    const { min, max, look, labels } = scale;
    const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    const lit = hover ?? checked;
    const low = labels[0];
    const high = labels[labels.length - 1];
    // The meaning of an inner point, under the hovered or checked point; the ends name themselves.
    const caption = lit !== null && lit !== min && lit !== max ? labels[lit - min] : '';

    const onKeyDown = (e: KeyboardEvent) => {
      const points = [...(e.currentTarget as HTMLElement).children] as HTMLElement[];
      // From the focused point: on an untouched scale that is the first, so the first arrow
      // press moves to the second point, as in the APG.
      const at = min + Math.max(0, points.indexOf(e.target as HTMLElement));
      const move = (score: number) => {
        const s = Math.min(max, Math.max(min, score));
        p.onChoose(s);
        points[s - min]!.focus();
      };
      const step = { ArrowRight: p.rtl ? -1 : 1, ArrowLeft: p.rtl ? 1 : -1, ArrowDown: 1, ArrowUp: -1 }[e.key];
      if (step) move(at + step);
      else if (e.key === 'Home') move(min);
      else if (e.key === 'End') move(max);
      else return;
      e.preventDefault();
    };

    return (
      <>
        <div
          class="scale"
          part="scale"
          role="radiogroup"
          aria-labelledby={p.labelledBy}
          aria-describedby={`lo hi ${p.hintId}`}
          data-scale={look}
          onKeyDown={onKeyDown}
          onMouseLeave={() => this.setState({ hover: null })}
        >
          {scores.map((score) => {
            const on = lit !== null && (look === 'stars' ? score <= lit : score === lit);
            return (
              <button
                key={score}
                type="button"
                role="radio"
                class="pt"
                part={checked === score ? 'point point-selected' : 'point'}
                data-look={look}
                data-on={on ? '' : undefined}
                aria-checked={checked === score}
                aria-label={p.nameOf(score)}
                tabIndex={(checked ?? min) === score ? 0 : -1}
                onClick={() => p.onPick(score)}
                onMouseEnter={() => this.setState({ hover: score })}
              >
                {look === 'stars' ? (
                  <Star />
                ) : look === 'smileys' ? (
                  <Face mood={((score - min) / (max - min)) * 2 - 1} />
                ) : (
                  format(score)
                )}
              </button>
            );
          })}
        </div>
        {/* The end labels describe the group (aria-describedby works on hidden text); hidden
            here so reading the page does not say them a second time. */}
        <div class="ends" part="ends" aria-hidden="true">
          <span id="lo">{low}</span>
          {caption && (
            <span class="cap" part="caption">
              {caption}
            </span>
          )}
          <span id="hi">{high}</span>
        </div>
      </>
    );
  }
}
