-- Siblings have distinct positions. Deferred, so a move can shift a whole run of siblings in one
-- transaction; NULLS NOT DISTINCT, so the roots (parent_id IS NULL) are covered too.
ALTER TABLE "buddy_nodes" ADD CONSTRAINT "buddy_nodes_sibling_position_unique"
  UNIQUE NULLS NOT DISTINCT ("domain_id", "parent_id", "position") DEFERRABLE INITIALLY DEFERRED;
