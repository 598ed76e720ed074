export { ask, createCsat } from './ask';
export { CsatConfigError } from './errors';
export type {
  Answer,
  AnswerScale,
  AskOptions,
  Csat,
  EndpointOptions,
  Messages,
  Metadata,
  Scale,
  ScaleObject,
  ScalePreset,
  ThemeOptions,
} from './types';
