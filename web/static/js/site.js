// Progressive enhancement only: every page works without it.
(function () {
  'use strict';

  // The error summary takes focus when the page loads (GOV.UK pattern), so a screen reader reads it first
  // and a keyboard user starts from it. The autofocus attribute does the same where scripts do not run.
  var summary = document.querySelector('.error-summary');
  if (summary && document.activeElement !== summary) { summary.focus(); }

  // An error link focuses its control and scrolls so that the control's label or legend stays in view.
  document.querySelectorAll('.error-summary a[href^="#"]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      var input = document.getElementById(link.getAttribute('href').slice(1));
      if (!input) { return; }
      event.preventDefault();
      var fieldset = input.closest('fieldset');
      var label = document.querySelector('label[for="' + input.id + '"]');
      var anchor = (input.type === 'radio' || input.type === 'checkbox') && fieldset
        ? fieldset.querySelector('legend') || fieldset : (label || input);
      anchor.scrollIntoView();
      input.focus({ preventScroll: true });
      if (history.replaceState) { history.replaceState(null, '', '#' + input.id); }
    });
  });

  // Character counts on long fields: how many characters are left, announced politely.
  document.querySelectorAll('textarea[maxlength][data-count-message]').forEach(function (area) {
    var max = parseInt(area.getAttribute('maxlength'), 10);
    var status = document.createElement('p');
    status.className = 'char-count';
    status.id = area.id + '-count';
    status.setAttribute('aria-live', 'polite');
    area.insertAdjacentElement('afterend', status);
    var describedBy = (area.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    describedBy.push(status.id);
    area.setAttribute('aria-describedby', describedBy.join(' '));
    var timer = null;
    function update() {
      var left = max - area.value.length;
      status.textContent = area.getAttribute('data-count-message').replace('%d', String(left));
      status.classList.toggle('over', left <= 0);
    }
    area.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 300); });
    update();
  });

  // Text typed in the comments form and then left through a link (the main navigation, the draft, closing
  // the tab) is kept with the comments in progress, as the form's own buttons keep it: the form is sent in the
  // background (action "keep") when the page is hidden with fields changed since it loaded. Nothing asks
  // "leave this page?"; without scripts the form's buttons keep the draft as before.
  document.querySelectorAll('form[data-keep-on-leave]').forEach(function (form) {
    function values() { return new URLSearchParams(new FormData(form)).toString(); }
    var kept = values();
    var sending = false;
    form.addEventListener('submit', function () { sending = true; });
    window.addEventListener('pageshow', function (event) {
      if (event.persisted) { kept = values(); sending = false; }  // back to a page the browser kept
    });
    function keep() {
      var now = values();
      if (sending || now === kept || !navigator.sendBeacon) { return; }
      var data = new FormData(form);
      data.set('action', 'keep');
      // getAttribute: form.action would be the form's buttons named "action"
      if (navigator.sendBeacon(form.getAttribute('action'), data)) { kept = now; }
    }
    window.addEventListener('pagehide', keep);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { keep(); }
    });
  });
})();
