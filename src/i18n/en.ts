import type { Messages } from '../types';

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
  charsLeft: '{n} characters left',
  send: 'Send',
  skip: 'Skip',
  close: 'Close',
  thanks: 'Thank you for your feedback!',
};
