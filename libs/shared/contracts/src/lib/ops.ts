/** HTTP contracts of the ops area (shared by api and web). */
export {};
