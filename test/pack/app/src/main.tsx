/// <reference types="csat-widget/global" />
import { createRoot } from 'react-dom/client';
import type { Answer, AskOptions } from 'csat-widget';
import type { CsatGlobal } from 'csat-widget/global';
import type {} from 'csat-widget/iife';
import { parseAnswer } from 'csat-widget/schema';
import { summarize } from 'csat-widget/stats';
import { App } from './App.js';

// Fails to compile if a type silently became `any` (what skipLibCheck hides when .d.ts files break).
type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [
  IsAny<Answer>,
  IsAny<AskOptions>,
  IsAny<CsatGlobal>,
  IsAny<typeof window.csat>,
  IsAny<ReturnType<typeof summarize>>,
] = [false, false, false, false, false];
console.log(typed);

// The script tag's global, typed through csat-widget/global.
void window.csat?.ask({ survey: 'from-script-tag' }).then((a) => a?.normalized);
console.log(window.csat?.version);

const stored: unknown = JSON.parse(localStorage.getItem('answers') ?? '[]');
const answers = (Array.isArray(stored) ? stored : []).map((x: unknown) => parseAnswer(x));
console.log(answers.length, summarize([]).csat);

createRoot(document.getElementById('root')!).render(<App />);
