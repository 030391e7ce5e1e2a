-- The embedding worker looks for memories not yet embedded by the current model (DESIGN §4.6).
CREATE INDEX memory_embedding_model ON memory (embedding_model);
