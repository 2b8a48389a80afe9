// Every string the page shows in zh-CN, by part: one file per part so that each is edited on its own.
import page from './zh-CN/page.js';
import lessons from './zh-CN/lessons.js';
import errors from './zh-CN/errors.js';

export default { ...page, lessons, errors };
