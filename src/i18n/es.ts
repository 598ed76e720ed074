// Spanish. One message per line, in the order of the keys of `en` (en.ts): a list rather than an
// object keeps the key names out of the script-tag bundle. test/unit/i18n.test.ts checks the count
// and the placeholders of every line.
export const es: readonly string[] = [
  '¿Cómo valoraría su experiencia?', // question
  '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?', // npsQuestion
  '¿Qué tan fácil fue conseguir hoy lo que necesitaba?', // cesQuestion
  'Muy insatisfecho', // veryDissatisfied
  'Insatisfecho', // dissatisfied
  'Neutral', // neutral
  'Satisfecho', // satisfied
  'Muy satisfecho', // verySatisfied
  'Nada probable', // npsLow
  'Muy probable', // npsHigh
  'Muy difícil', // cesLow
  'Muy fácil', // cesHigh
  '{score} de {max}', // point
  '¿Qué podríamos haber hecho mejor?', // commentUnsatisfied
  '¿Desea añadir algo más?', // commentAlways
  'one:Queda {n} carácter|other:Quedan {n} caracteres', // charsLeft
  'Enviar', // send
  'Omitir', // skip
  'Cerrar la encuesta', // close
  '¡Gracias por su opinión!', // thanks
];
