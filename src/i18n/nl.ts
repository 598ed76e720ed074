// Dutch (formal "u").
// Keys as in en.ts; `satisfies Messages` makes a missing or misspelt key a type error.
import type { Messages } from '../types';

export const nl = {
  question: 'Hoe beoordeelt u uw ervaring?',
  npsQuestion: 'Hoe waarschijnlijk is het dat u ons zou aanbevelen aan een vriend of collega?',
  cesQuestion: 'Hoe gemakkelijk was het om vandaag te regelen wat u nodig had?',
  veryDissatisfied: 'Zeer ontevreden',
  dissatisfied: 'Ontevreden',
  neutral: 'Neutraal',
  satisfied: 'Tevreden',
  verySatisfied: 'Zeer tevreden',
  npsLow: 'Zeer onwaarschijnlijk',
  npsHigh: 'Zeer waarschijnlijk',
  cesLow: 'Zeer moeilijk',
  cesHigh: 'Zeer gemakkelijk',
  point: '{score} van {max}',
  labelled: '{point}, {label}',
  hint: 'Kies met de pijltjestoetsen en verstuur met Enter.',
  commentUnsatisfied: 'Wat hadden we beter kunnen doen?',
  commentAlways: 'Wilt u nog iets toevoegen?',
  charsLeft: 'one:Nog {n} teken over|other:Nog {n} tekens over',
  send: 'Versturen',
  skip: 'Overslaan',
  close: 'Feedback sluiten',
  thanks: 'Bedankt voor uw feedback!',
  feedback: 'Feedback',
  yourRating: 'Uw beoordeling: {point}',
  change: 'Wijzigen',
} satisfies Messages;
