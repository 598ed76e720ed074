import type { Messages } from '../types';

export const nl: Messages = {
  question: 'Hoe beoordeelt u uw ervaring?',
  npsQuestion: 'Hoe waarschijnlijk is het dat u ons aanbeveelt aan een vriend of collega?',
  cesQuestion: 'Hoe makkelijk was het om vandaag te regelen wat u nodig had?',
  veryDissatisfied: 'Zeer ontevreden',
  dissatisfied: 'Ontevreden',
  neutral: 'Neutraal',
  satisfied: 'Tevreden',
  verySatisfied: 'Zeer tevreden',
  npsLow: 'Zeer onwaarschijnlijk',
  npsHigh: 'Zeer waarschijnlijk',
  cesLow: 'Zeer moeilijk',
  cesHigh: 'Zeer makkelijk',
  point: '{score} van {max}',
  commentUnsatisfied: 'Wat hadden we beter kunnen doen?',
  commentAlways: 'Wilt u nog iets toevoegen?',
  charsLeft: 'Nog {n} tekens',
  send: 'Versturen',
  skip: 'Overslaan',
  close: 'Sluiten',
  thanks: 'Bedankt voor uw feedback!',
};
