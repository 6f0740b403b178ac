// Vite turns an imported asset into its URL; the renderer's tsconfig has no vite/client types.
declare module '*.svg' {
  const url: string;
  export default url;
}
