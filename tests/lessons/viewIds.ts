/** The main views' ids (src/views/*\/index.ts register them; 'writes' is the write-path view of issue 5, racks until it lands). */
export const VIEW_IDS = ['racks', 'ops', 'logs', 'repair', 'deploy', 'storage', 'storm', 'scheduler', 'writes'];
