// The sandbox's data folder holds private keys and the sender certificate's password, and inside
// the app's demo it sits in the user's data folder: everything it writes is for this user only.
// (The sandbox shares no code with the app, so it has these two constants of its own.)
export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;
