-- db-scheduler orders due executions by (priority, execution_time) only with priority enabled, which the engine
-- does not enable: it reads them by execution_time (scheduled_tasks_execution_time). The unused index was rewritten
-- on every reschedule (two per persona step), each commit of them writing its changed pages (docs/PERFORMANCE.md).
DROP INDEX scheduled_tasks_priority_execution_time;
