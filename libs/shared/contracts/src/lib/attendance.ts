/** HTTP contracts of the attendance area (shared by api and web). */
export {};
