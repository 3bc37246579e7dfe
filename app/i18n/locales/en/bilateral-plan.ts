export const bilateralPlan = {
  title: "Bilateral schedule",
};
