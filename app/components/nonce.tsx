import { createContext, useContext } from "react";

/** The per-request CSP nonce, provided by entry.server; empty on the client (browsers hide it anyway). */
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
