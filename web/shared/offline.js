// Registers the offline service worker (the site's sw.js) for any page of the site, and says when a new version
// of the site is ready: the old one keeps serving this page until the user takes the update, so files of two
// versions never mix. The notice's button hands over to the new version and reloads.
import { t } from './i18n.js';

const SW = new URL('../sw.js', import.meta.url);

function notice(registration) {
  if (document.querySelector('[data-testid=update-notice]')) return;
  const box = document.createElement('div');
  box.className = 'update-notice';
  box.dataset.testid = 'update-notice';
  box.setAttribute('role', 'status');
  // Styled here: the notice shows on any page of the site, including authors' pages that embed the playground.
  box.style.cssText = 'position:fixed;left:12px;right:12px;bottom:12px;z-index:1000;max-width:36em;margin:0 auto;' +
    'padding:10px 14px;border-radius:8px;background:#1e293b;color:#fff;font:14px system-ui,sans-serif;' +
    'box-shadow:0 4px 16px rgba(0,0,0,.25)';
  box.textContent = t('update.notice');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = t('update.reload');
  button.dataset.testid = 'update-reload';
  button.style.cssText = 'margin-left:8px;font:inherit;padding:3px 10px;border-radius:6px;border:0;cursor:pointer';
  button.addEventListener('click', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    registration.waiting?.postMessage({ type: 'skip-waiting' });
  });
  box.append(button);
  document.body.append(box);
}

// A waiting worker while another controls the page is a new version (the first install has nothing to replace).
function watch(registration) {
  const check = () => registration.waiting && navigator.serviceWorker.controller && notice(registration);
  check();
  registration.addEventListener('updatefound', () => {
    registration.installing?.addEventListener('statechange', check);
  });
}

export async function registerOffline() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
  try {
    const registration = await navigator.serviceWorker.register(SW);
    watch(registration);
    return registration;
  } catch (e) {
    // Offline use is an extra: a refused registration (e.g. a private window) leaves the page as it was.
    console.warn(`nnplay: no offline copy (${e.message})`);
    return null;
  }
}
