CREATE TABLE `job_ticks` (
	`job` text NOT NULL,
	`tick` text NOT NULL,
	`holder` text NOT NULL,
	`claimed_at` text NOT NULL,
	PRIMARY KEY(`job`, `tick`)
);
