-- Half of each page of nodes is left free, so that the rows' frequent updates (last seen,
-- applied and desired generations: every node's row on a cluster-wide change) are HOT
-- updates, written beside the old row without touching the table's four indexes. Full
-- pages made a change to 10,000 nodes ~2-3 times slower. Existing pages fill up this way
-- as their rows move; new ones are filled to half at once.
ALTER TABLE "nodes" SET (fillfactor = 50);
