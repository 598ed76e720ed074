// German (formal "Sie").
// Keys as in en.ts; `satisfies Messages` makes a missing or misspelt key a type error.
import type { Messages } from '../types';

export const de = {
  question: 'Wie bewerten Sie Ihre Erfahrung?',
  npsQuestion: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen würden?',
  cesQuestion: 'Wie einfach war es heute, Ihr Anliegen zu erledigen?',
  veryDissatisfied: 'Sehr unzufrieden',
  dissatisfied: 'Unzufrieden',
  neutral: 'Neutral',
  satisfied: 'Zufrieden',
  verySatisfied: 'Sehr zufrieden',
  npsLow: 'Äußerst unwahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  cesLow: 'Sehr schwierig',
  cesHigh: 'Sehr einfach',
  point: '{score} von {max}',
  labelled: '{point}, {label}',
  hint: 'Mit den Pfeiltasten wählen, mit der Eingabetaste senden.',
  commentUnsatisfied: 'Was hätten wir besser machen können?',
  commentAlways: 'Möchten Sie noch etwas hinzufügen?',
  charsLeft: 'Noch {n} Zeichen übrig',
  send: 'Senden',
  skip: 'Überspringen',
  close: 'Feedback schließen',
  thanks: 'Vielen Dank für Ihr Feedback!',
  feedback: 'Feedback',
  yourRating: 'Ihre Bewertung: {point}',
  change: 'Ändern',
} satisfies Messages;
