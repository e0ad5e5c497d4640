/** HTTP contracts of the registers area (shared by api and web). */
export {};
