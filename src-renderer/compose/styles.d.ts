// The compose page imports its own stylesheet; Vite bundles it into a file linked from index.html.
declare module '*.css';
