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
})();
