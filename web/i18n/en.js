// Every string the page shows in en, by part: one file per part so that each is edited on its own.
import page from './en/page.js';
import lessons from './en/lessons.js';
import errors from './en/errors.js';

export default { ...page, lessons, errors };
