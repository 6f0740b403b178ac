/** English texts of the compose area; merged into the catalogue in messages.en.ts. */
export const composeEn = {
} as const;
