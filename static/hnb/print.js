// "Print this page" buttons: shown only when JavaScript can print (they start hidden).
for (const button of document.querySelectorAll('.hnb-print-button')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
