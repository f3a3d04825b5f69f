document.querySelector("h1").textContent = "Changed by JavaScript";
