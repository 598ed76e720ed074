/**
 * Thrown (as a rejection of `ask`) when options are invalid. The message names the option path,
 * what was expected and what was given, e.g. `scale.max: expected a number from 2 to 10, got 12`.
 * @see README.md#options
 */
export class CsatConfigError extends Error {
  /** One line per problem, in the same form as the message. */
  declare readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.name = 'CsatConfigError';
    this.problems = problems;
  }
}
