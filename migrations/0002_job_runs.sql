CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`tick` text,
	`holder` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`error` text,
	`detail` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_job_tick` ON `job_runs` (`job`,`tick`);--> statement-breakpoint
CREATE INDEX `job_runs_job` ON `job_runs` (`job`,`id`);