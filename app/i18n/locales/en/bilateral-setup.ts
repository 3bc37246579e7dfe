export const bilateralSetup = {
  title: "Bilateral meetings",
};
