// Dutch. One message per line, in the order of the keys of `en` (en.ts): a list rather than an
// object keeps the key names out of the script-tag bundle. test/unit/i18n.test.ts checks the count
// and the placeholders of every line.
export const nl: readonly string[] = [
  'Hoe beoordeelt u uw ervaring?', // question
  'Hoe waarschijnlijk is het dat u ons aanbeveelt aan een vriend of collega?', // npsQuestion
  'Hoe makkelijk was het om vandaag te regelen wat u nodig had?', // cesQuestion
  'Zeer ontevreden', // veryDissatisfied
  'Ontevreden', // dissatisfied
  'Neutraal', // neutral
  'Tevreden', // satisfied
  'Zeer tevreden', // verySatisfied
  'Zeer onwaarschijnlijk', // npsLow
  'Zeer waarschijnlijk', // npsHigh
  'Zeer moeilijk', // cesLow
  'Zeer makkelijk', // cesHigh
  '{score} van {max}', // point
  'Wat hadden we beter kunnen doen?', // commentUnsatisfied
  'Wilt u nog iets toevoegen?', // commentAlways
  'one:Nog {n} teken|other:Nog {n} tekens', // charsLeft
  'Versturen', // send
  'Overslaan', // skip
  'Feedback sluiten', // close
  'Bedankt voor uw feedback!', // thanks
];
