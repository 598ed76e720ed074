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
  onPick: (score: number) => void;
}

interface ScaleState {
  checked: number | null;
  hover: number | null;
}

/**
 * The rating points as one radio group (WAI-ARIA APG radio pattern): one Tab stop, arrow keys
 * move and check, Home/End jump, Enter/Space or a click pick. Buttons with role="radio" rather
 * than native radios, because browsers fire `click` on a radio moved by arrow keys and a keyboard
 * move must never count as a pick.
 *
 * Components are classes, not hooks: preact/hooks would add about 1 KB gzipped to the script-tag
 * bundle for two pieces of state.
 */
export class Scale extends Component<ScaleProps, ScaleState> {
  override state: ScaleState = { checked: null, hover: null };

  override render({ scale, nameOf, format, rtl, labelledBy, onPick }: ScaleProps, { checked, hover }: ScaleState) {
    const { min, max, look, labels } = scale;
    const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    const lit = hover ?? checked;

    const onKeyDown = (e: KeyboardEvent) => {
      const move = (score: number) => {
        const s = Math.min(max, Math.max(min, score));
        this.setState({ checked: s });
        ((e.currentTarget as HTMLElement).children[s - min] as HTMLElement).focus();
      };
      const at = checked ?? min - 1;
      const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: 1, ArrowUp: -1 }[e.key];
      if (step) move(checked === null && step < 0 ? min : at + step);
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
          aria-labelledby={labelledBy}
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
                aria-label={nameOf(score)}
                tabIndex={(checked ?? min) === score ? 0 : -1}
                onClick={() => {
                  this.setState({ checked: score });
                  onPick(score);
                }}
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
        {look === 'numbers' ? (
          <div class="ends" part="ends" aria-hidden="true">
            <span>{labels[0]}</span>
            <span>{labels[labels.length - 1]}</span>
          </div>
        ) : (
          <div class="cap" part="caption" aria-hidden="true">
            {lit === null ? '' : labels[lit - min]}
          </div>
        )}
      </>
    );
  }
}
