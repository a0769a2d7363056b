// Stripe's Payment Element on the checkout page: the card form is Stripe's own frame, so card
// details never reach the store. The order is paid when Stripe's webhook says so; this script
// only mounts the form and confirms the PaymentIntent.
(function () {
  'use strict';
  var form = document.getElementById('payment-form');
  if (!form || typeof window.Stripe !== 'function') {
    var message = document.getElementById('payment-message');
    if (message) {
      message.textContent = 'Stripe could not be loaded. Check your connection and reload the page.';
      message.hidden = false;
    }
    return;
  }
  var stripe = window.Stripe(form.dataset.stripeKey);
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  var container = document.getElementById('payment-element');
  container.textContent = '';
  elements.create('payment').mount(container);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = document.getElementById('pay');
    button.disabled = true;
    stripe.confirmPayment({
      elements: elements,
      confirmParams: { return_url: new URL(form.dataset.returnUrl, window.location.href).toString() }
    }).then(function (result) {
      if (result.error) {
        var shown = document.getElementById('payment-message');
        shown.textContent = result.error.message;
        shown.hidden = false;
        button.disabled = false;
      }
    });
  });
})();
