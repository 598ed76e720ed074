import type { Messages } from '../types';

// English: the reference. Its keys, in this order, name the lines of every other locale.
// A message may hold plural forms, `one:…|other:…`, chosen with Intl.PluralRules.

export const en: Messages = {
  question: 'How would you rate your experience?',
  npsQuestion: 'How likely are you to recommend us to a friend or colleague?',
  cesQuestion: 'How easy was it to get what you needed today?',
  veryDissatisfied: 'Very dissatisfied',
  dissatisfied: 'Dissatisfied',
  neutral: 'Neutral',
  satisfied: 'Satisfied',
  verySatisfied: 'Very satisfied',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  cesLow: 'Very difficult',
  cesHigh: 'Very easy',
  point: '{score} of {max}',
  commentUnsatisfied: 'What could we have done better?',
  commentAlways: 'Anything you would like to add?',
  charsLeft: 'one:{n} character left|other:{n} characters left',
  send: 'Send',
  skip: 'Skip',
  close: 'Close feedback',
  thanks: 'Thank you for your feedback!',
};
