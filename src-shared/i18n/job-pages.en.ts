/** English texts of the job-pages area; merged into the catalogue in messages.en.ts. */
export const jobPagesEn = {
} as const;
