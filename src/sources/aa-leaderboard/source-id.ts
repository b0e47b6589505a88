/** The source id, apart from the parser so that naming the source does not load cheerio. */
export const LEADERBOARD_SOURCE_ID = 'aa-leaderboard';
