import type { jobPagesEn } from './job-pages.en';

export const jobPagesNb: { readonly [K in keyof typeof jobPagesEn]: string } = {
};
