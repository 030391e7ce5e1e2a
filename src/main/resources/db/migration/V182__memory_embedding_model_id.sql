-- The embedding worker reads memories not embedded yet, oldest first, and those of another model as ranges of this
-- index (DESIGN §4.6); it replaces the index on embedding_model alone.
CREATE INDEX memory_embedding_model_id ON memory (embedding_model, id);
DROP INDEX memory_embedding_model;
