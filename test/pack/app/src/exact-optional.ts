// Every optional option field accepts an explicit `undefined` under exactOptionalPropertyTypes (so
// `anchor: ref.current ?? undefined` compiles). A field declared without `| undefined` is named in
// a "does not satisfy the constraint 'never'" error here.
import type { AskOptions, EndpointOptions, ScaleObject, ThemeOptions } from 'csat-widget';

type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
/** Optional keys of T whose declared type leaves out `undefined` (Required keeps a written one). */
type WithoutUndefined<T> = { [K in OptionalKeys<T>]-?: undefined extends Required<T>[K] ? never : K }[OptionalKeys<T>];
type None<T extends never> = T;

export type Checked = [
  None<WithoutUndefined<AskOptions>>,
  None<WithoutUndefined<ThemeOptions>>,
  None<WithoutUndefined<EndpointOptions>>,
  None<WithoutUndefined<Extract<ScaleObject, { type: 'numeric' }>>>,
];
