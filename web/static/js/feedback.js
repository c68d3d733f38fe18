// Progressive enhancement only: the form works without it.
// Changing the target re-renders the quoted original text on the next round trip; here we just
// hint that it will change, to avoid a stale quote on screen.
document.querySelectorAll('select[id$="-target"]').forEach(function (select) {
  select.addEventListener('change', function () {
    var box = select.closest('fieldset').querySelector('.original');
    if (box) { box.setAttribute('hidden', ''); }
  });
});
