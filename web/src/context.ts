import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api';
import type { SignedInUser } from './auth';
import type { AppConfig } from './config';

/** What every page may use: the configuration, the API client and the signed-in user. */
export interface AppContextValue {
  config: AppConfig;
  api: ApiClient;
  /** Undefined when signed out. */
  user: SignedInUser | undefined;
  /** Sends the browser to sign in, coming back to `returnTo` (default: the dashboard). */
  signIn: (returnTo?: string) => void;
  signOut: () => void;
  /** A message for the welcome page, e.g. why the last sign-in failed. */
  notice: string | undefined;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppContext.Provider>');
  return value;
}
