-- Reflection counts a persona's memories after its last reflected id on every step (DESIGN §4.6).
CREATE INDEX memory_persona_id ON memory (persona_id, id);
