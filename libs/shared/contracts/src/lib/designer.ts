/** HTTP contracts of the designer area (shared by api and web). */
export {};
