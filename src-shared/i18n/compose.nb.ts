import type { composeEn } from './compose.en';

export const composeNb: { readonly [K in keyof typeof composeEn]: string } = {
};
