/** HTTP contracts of the documents area (shared by api and web). */
export {};
