/** The database file is newer than this program; opening it would risk the user's data. */
export class DatabaseFromNewerVersionError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
    readonly path: string,
  ) {
    super(
      `The database ${path} was written by a newer version of Signing Desk (schema ${fileVersion}, this version knows up to ${supportedVersion}). Update Signing Desk; the file was not changed.`,
    );
    this.name = 'DatabaseFromNewerVersionError';
  }
}

/** The file is not a readable SQLite database; it is left untouched so nothing is lost. */
export class DatabaseUnreadableError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`The database ${path} cannot be read (${reason}). It was left as it is; move it aside or restore a backup.`);
    this.name = 'DatabaseUnreadableError';
  }
}
