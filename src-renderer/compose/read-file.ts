/** Reads a dropped or picked file, reporting progress, so a 10 MB PDF does not look like a hang. */
export function readFileBytes(file: File, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Base64 in chunks: `String.fromCharCode(...bytes)` on a whole 10 MB file overflows the call stack,
 * and Uint8Array.toBase64 is not in every Chromium we run in yet.
 */
export function toBase64(bytes: Uint8Array): string {
  const chunk = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Only PDFs and text files are offered; anything else is still staged so the core can say why not. */
export const acceptedFiles = '.pdf,.txt,application/pdf,text/plain';

export function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
